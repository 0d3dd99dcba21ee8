# Terraform 1.5 or later: import in the plan, with the configuration beside
# it. The id is <namespace>/<name>, or <name> in the provider's default
# namespace.
import {
  to = layeron_secret.signing_key
  id = "shop/signing_key"
}
