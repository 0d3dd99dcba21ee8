variable "account_id" {
  type = string
}

# Feed the active key set into a Worker: one secrets_store_secret binding per
# usable version, named by version id, so the Worker can verify tokens signed
# just before a rotation while signing with the current key.
data "layeron_secret_version" "signing_keys" {
  name     = "signing_key"
  selector = "active"
}

locals {
  signing_key_bindings = [
    for v in data.layeron_secret_version.signing_keys.values : {
      type        = "secrets_store_secret"
      name        = v.current ? "SIGNING_KEY" : "SIGNING_KEY_V${v.version}"
      store_id    = v.store_id
      secret_name = v.secret_name
    }
  ]
}

resource "cloudflare_workers_script" "api" {
  account_id  = var.account_id
  script_name = "api"
  content     = file("${path.module}/worker.js")
  main_module = "worker.js"
  bindings    = local.signing_key_bindings
}
