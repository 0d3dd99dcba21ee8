# kid is the Layeron version id of the key, so a verifier holding the active
# key set picks the right key. The function never reads the clock: pass exp.
output "token" {
  value = provider::layeron::sign_jwt(
    { sub = "svc-billing", aud = "api", exp = 1798761600 },
    "example-key-version-3",
    { kid = "3", alg = "HS256" },
  )
}
