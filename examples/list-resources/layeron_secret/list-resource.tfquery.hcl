# Terraform 1.14 or later, in a file ending in .tfquery.hcl beside the
# configuration that declares the provider. List the Layeron secrets of
# the namespace, and write import and resource blocks for them:
#   terraform query -generate-config-out=imported.tf
list "layeron_secret" "shop" {
  provider = layeron

  config {
    namespace = "shop"
  }
}
