# Terraform 1.14 or later. Rotate now, without a change to the configuration:
#   terraform apply -invoke=action.layeron_secret_rotate.signing_key
action "layeron_secret_rotate" "signing_key" {
  config {
    name = layeron_secret.signing_key.name
  }
}

variable "release" {
  type    = string
  default = "2026.12.1"
}

# Or rotate on every release of the Worker that signs with the key.
resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.layeron_secret_rotate.signing_key]
    }
  }
}
