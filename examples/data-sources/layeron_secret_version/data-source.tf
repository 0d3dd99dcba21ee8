# Every version a verifier should accept right now: the current one plus the
# retained copies that have not expired, newest first.
data "layeron_secret_version" "signing_keys" {
  name     = "signing_key"
  selector = "active"
}

# The version current at an instant: here, when this plan ran.
data "layeron_secret_version" "at_plan" {
  name     = "signing_key"
  selector = "at"
  at       = plantimestamp()
}

# One version by id, for example to check an old signature.
data "layeron_secret_version" "first" {
  name     = "signing_key"
  selector = "version"
  version  = "1"
}

output "active_secret_names" {
  value = [for v in data.layeron_secret_version.signing_keys.values : v.secret_name]
}
