# A configuration that calls a module: `terraform get` (or `tofu get`)
# installs the module before the first plan. The credentials, and the
# emulator's address, come from the environment.
terraform {
  required_providers {
    layeron = {
      source = "layeron/layeron"
    }
  }
}

module "signing" {
  source = "./modules/signing-key"
}

output "signing_key_bindings" {
  value = module.signing.bindings
}
