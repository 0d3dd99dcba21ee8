# Terraform 1.14 or later. A secret that a shared module declares is rotated
# by an action block in the root module, which names it through the module's
# outputs:
#   terraform apply -invoke=action.layeron_secret_rotate.signing
module "signing" {
  source = "./modules/signing-key"
}

action "layeron_secret_rotate" "signing" {
  config {
    namespace = module.signing.namespace
    name      = module.signing.name
  }
}
