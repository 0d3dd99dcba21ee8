# terraform test (or tofu test) against the local emulator: set
# CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID to it.
# The runs share one state, and the test destroys what they made at the end.

run "creates_version_1" {
  assert {
    condition     = layeron_secret.signing_key.current_version == "1"
    error_message = "A new secret starts at version 1."
  }
}

run "rotation_keeps_the_previous_version" {
  variables {
    rotation_reason = "key-rollover"
  }

  assert {
    condition     = layeron_secret.signing_key.current_version == "2"
    error_message = "A new rotation trigger makes version 2."
  }

  assert {
    condition     = [for v in layeron_secret.signing_key.versions : v.version] == ["2", "1"]
    error_message = "Version 1 stays in the store, as a copy, for 7 days."
  }
}
