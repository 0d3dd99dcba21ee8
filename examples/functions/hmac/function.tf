# Sign a webhook payload exactly as the Layeron runtime's hmac() does.
output "signature" {
  value = provider::layeron::hmac("whsec_example", "{\"event\":\"paid\"}", "HS256")
}
