terraform {
  required_providers {
    layeron = {
      source = "layeron/layeron"
    }
  }
}

# Credentials come from CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID;
# CLOUDFLARE_BASE_URL points the provider at the local emulator in the demo.
provider "layeron" {
  namespace = "shop"
}

variable "webhook_secret" {
  description = "Value of the static webhook secret. Ephemeral: it never reaches state or plan files."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "webhook_secret_version" {
  description = "Change it to write a new webhook_secret value as a new version."
  type        = string
  default     = "1"
}

variable "rotation_reason" {
  description = "Change it to rotate the signing key now."
  type        = string
  default     = "initial"
}

# A random key, rotated every 30 days; the previous version stays usable for 7
# days so tokens signed just before a rotation still verify.
resource "layeron_secret" "signing_key" {
  name = "signing_key"
  kind = "random"

  rotation = {
    every_days = 30
    retain     = { mode = "retain_for", days = 7 }
  }
  rotation_triggers = { reason = var.rotation_reason }

  consume = {
    address = "SIGNING_KEY"
    expose  = "versioned"
  }
}

# A static secret supplied by the operator, write-only.
resource "layeron_secret" "webhook" {
  name             = "stripe-webhook"
  kind             = "static"
  value_wo         = var.webhook_secret
  value_wo_version = var.webhook_secret_version
}

output "signing_key_versions" {
  description = "Versions of the signing key in the store, newest first."
  value       = layeron_secret.signing_key.versions
}

output "worker_bindings" {
  description = "Workers bindings, ready for cloudflare_workers_script.bindings."
  value       = concat(layeron_secret.signing_key.bindings, layeron_secret.webhook.bindings)
}

output "webhook_module_config" {
  description = "The normalized Layeron module configuration of the webhook secret."
  value       = jsondecode(layeron_secret.webhook.module_config)
}
