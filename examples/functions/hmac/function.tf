# Sign a webhook payload as the hmac() method of @layeron/modules' secret
# module does in a Worker.
output "signature" {
  value = provider::layeron::hmac("whsec_example", "{\"event\":\"paid\"}", "HS256")
}
