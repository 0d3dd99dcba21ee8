locals {
  # During a rotation overlap both version 2 and version 3 are active.
  keys  = { "2" = "example-key-version-2", "3" = "example-key-version-3" }
  token = provider::layeron::sign_jwt({ sub = "svc-billing", exp = 1798761600 }, local.keys["2"], { kid = "2" })
}

output "result" {
  # valid = true, reason = "", kid = "2"; with now after exp: valid = false.
  value = provider::layeron::verify_jwt(local.token, local.keys, { alg = "HS256", now = "2026-12-01T00:00:00Z", leeway = 30 })
}
