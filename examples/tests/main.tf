# A module under test: a signing key whose previous version stays readable
# for 7 days after each rotation asked for by var.rotation_reason.
terraform {
  required_providers {
    layeron = {
      source = "layeron/layeron"
    }
  }
}

variable "rotation_reason" {
  type    = string
  default = "initial"
}

resource "layeron_secret" "signing_key" {
  name              = "signing_key"
  kind              = "random"
  rotation          = { retain = { mode = "retain_for", days = 7 } }
  rotation_triggers = { reason = var.rotation_reason }
}
