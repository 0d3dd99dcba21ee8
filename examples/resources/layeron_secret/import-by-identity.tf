# Terraform 1.12 or OpenTofu 1.12 or later: import by identity. account_id
# and store_id are optional and must be the provider's; namespace defaults
# to the provider's.
import {
  to = layeron_secret.signing_key
  identity = {
    namespace = "shop"
    name      = "signing_key"
  }
}
