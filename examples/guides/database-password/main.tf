terraform {
  required_providers {
    layeron = { source = "layeron/layeron" }
    random  = { source = "hashicorp/random" }
  }
}

variable "db_password_version" {
  description = "Change it to make a new password and set it in both places."
  type        = string
  default     = "1"
}

# A new password each time Terraform opens it, kept in no state or plan. Only
# the runs in which db_password_version changes write it anywhere.
ephemeral "random_password" "db" {
  length  = 32
  special = false
}

# The Workers' copy. The previous password stays for a day after a change, for
# the Workers that still hold connections opened with it.
resource "layeron_secret" "db_password" {
  namespace        = "shop"
  name             = "db_password"
  kind             = "static"
  value_wo         = ephemeral.random_password.db.result
  value_wo_version = var.db_password_version
  rotation         = { retain = { mode = "retain_for", days = 1 } }
}
