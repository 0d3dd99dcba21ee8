# A shared module: a signing key rotated every 30 days, whose previous
# version stays readable for 7 days. It outputs what a root module needs to
# refer to the key, and holds no action block, so that configurations on
# OpenTofu and on Terraform before 1.14 can call it too.
terraform {
  required_providers {
    layeron = {
      source = "layeron/layeron"
    }
  }
}

resource "layeron_secret" "signing_key" {
  name = "signing_key"
  kind = "random"

  rotation = {
    every_days = 30
    retain     = { mode = "retain_for", days = 7 }
  }
}

output "namespace" {
  value = layeron_secret.signing_key.namespace
}

output "name" {
  value = layeron_secret.signing_key.name
}

output "bindings" {
  value = layeron_secret.signing_key.bindings
}
