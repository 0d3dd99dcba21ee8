# Rotate now, outside the schedule: any change of rotation_triggers makes a
# new version, keeping the old one until its retention ends.
resource "layeron_secret" "session_key" {
  name = "session_key"
  kind = "random"

  rotation = {
    every_days = 7
    start_at   = "2027-01-04T03:00:00Z" # Mondays at 03:00 UTC
    retain     = { mode = "retain_for", days = 1 }
  }

  rotation_triggers = {
    incident = "none"
  }
}
