# Terraform 1.14 or later. After a leak: rotate, then delete every retained
# version so that no Worker can read the leaked value any more:
#   terraform apply -invoke=action.layeron_secret_rotate.signing_key
#   terraform plan  -invoke=action.layeron_secret_revoke.signing_key
#   terraform apply -invoke=action.layeron_secret_revoke.signing_key
action "layeron_secret_revoke" "signing_key" {
  config {
    name = layeron_secret.signing_key.name
    # versions = [3]  # only these; the current version is refused
  }
}
