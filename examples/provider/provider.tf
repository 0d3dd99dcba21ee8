terraform {
  required_providers {
    layeron = {
      source = "layeron/layeron"
    }
  }
}

# Credentials default to CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID.
provider "layeron" {
  namespace   = "shop"
  max_retries = 4
}
