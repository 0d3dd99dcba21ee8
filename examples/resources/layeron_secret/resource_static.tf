variable "stripe_webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

# A static value supplied by the operator. value_wo is write-only: it never
# reaches state or plan files. Change value_wo_version to write a new value.
resource "layeron_secret" "stripe_webhook" {
  name             = "stripe-webhook"
  kind             = "static"
  value_wo         = var.stripe_webhook_secret
  value_wo_version = "2026-11"
  value_format     = "text"

  rotation = {
    every_days = 90 # a plan warning when due: only a new value can rotate it
    retain     = { mode = "retain_forever" }
  }

  ownership = {
    owner_product = "billing"
    purpose       = "Stripe webhook signature verification"
  }
}
