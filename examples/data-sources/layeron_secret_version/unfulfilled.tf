# A consumer of a generated secret that another configuration declares and
# an outside flow fulfils. Until its first value is written, the data source
# reads fulfilled = false and no values, with a warning, instead of failing
# the plan with Secret Not Found: the Worker gets no binding for it yet.
data "layeron_secret_version" "oauth_client" {
  namespace         = "shop"
  name              = "oauth_client"
  allow_unfulfilled = true
}

locals {
  oauth_client_bindings = [
    for v in data.layeron_secret_version.oauth_client.values : {
      type        = "secrets_store_secret"
      name        = "OAUTH_CLIENT_SECRET"
      store_id    = v.store_id
      secret_name = v.secret_name
    }
  ]
}

output "oauth_client_fulfilled" {
  value = data.layeron_secret_version.oauth_client.fulfilled
}
