terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare" }
  }
}

variable "account_id" {
  type = string
}

variable "store_id" {
  type = string
}

variable "stripe_key" {
  type      = string
  sensitive = true
}

# The value is in this configuration's state, in plain text.
resource "cloudflare_secrets_store_secret" "stripe_key" {
  account_id = var.account_id
  store_id   = var.store_id
  name       = "STRIPE_KEY"
  value      = var.stripe_key
  scopes     = ["workers"]
}
