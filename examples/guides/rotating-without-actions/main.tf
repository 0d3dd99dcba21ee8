# A random key that keeps each retired version for 7 days. Without
# every_days it has no schedule: it changes when `layeron secret rotate`
# (or a new rotation_triggers value) says so.
resource "layeron_secret" "signing_key" {
  namespace = "shop"
  name      = "signing_key"
  kind      = "random"

  rotation = {
    retain = { mode = "retain_for", days = 7 }
  }
}

output "signing_key_version" {
  value = layeron_secret.signing_key.current_version
}
