output "valid" {
  value = provider::layeron::verify_hmac(
    "whsec_example",
    "{\"event\":\"paid\"}",
    provider::layeron::hmac("whsec_example", "{\"event\":\"paid\"}", "HS256"),
    "HS256",
  )
}
