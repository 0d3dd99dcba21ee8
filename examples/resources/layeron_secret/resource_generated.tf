# A value generated outside Terraform, by a CLI or product flow that writes
# the store secret "shop--oauth_client". The provider never writes a value:
# it reports `fulfilled`, adopts the value and records each new one as a
# version.
resource "layeron_secret" "oauth_client" {
  namespace = "shop"
  name      = "oauth_client"
  kind      = "generated"
  bytes     = 48

  rotation = {
    every_days = 180
    retain     = { mode = "none" }
  }
}
