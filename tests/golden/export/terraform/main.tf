# Genesys Cloud CX as Code, written by framesmith 0.1.0.
# OAuth client secrets and the CRM's credentials are not here: add them from your vault.

resource "genesyscloud_oauth_client" "acme_dynamics" {
  name                          = "Acme Dynamics"
  description                   = "Embeddable Framework deployment Acme Dynamics (framesmith)"
  access_token_validity_seconds = 64800
  authorized_grant_type         = "CODE"
  registered_redirect_uris      = ["https://apps.mypurecloud.ie/crm/index.html"]
  scopes                        = ["conversations", "notifications", "organization:readonly", "outbound:readonly", "presence", "routing:readonly", "scripts:readonly", "stations:readonly", "user-basic-info", "users", "voicemail", "workforce-management", "external-contacts:readonly", "quality:readonly"]
  state                         = "active"
}

resource "genesyscloud_oauth_client" "acme_salesforce_pilot" {
  name                          = "Acme Salesforce Pilot"
  description                   = "Embeddable Framework deployment Acme Salesforce Pilot (framesmith)"
  access_token_validity_seconds = 64800
  authorized_grant_type         = "CODE"
  registered_redirect_uris      = ["https://apps.mypurecloud.ie/crm/index.html"]
  scopes                        = ["conversations", "notifications", "organization:readonly", "outbound:readonly", "presence", "routing:readonly", "scripts:readonly", "stations:readonly", "user-basic-info", "users", "voicemail", "workforce-management", "external-contacts:readonly", "quality:readonly"]
  state                         = "active"
}

resource "genesyscloud_integration" "prod_crm_connector_instance" {
  intended_state   = "ENABLED"
  integration_type = "custom-rest-actions"

  config {
    name       = "Prod_CRM_Connector_Instance"
    properties = "{\"crmBaseEndpoint\":\"https://crm.enterprise-client.com\",\"enableScreenPop\":true,\"authorizationEndpoint\":\"https://crm.enterprise-client.com/oauth/authorize\",\"tokenEndpoint\":\"https://crm.enterprise-client.com/oauth/token\",\"clientId\":\"crm_client_id_12345\",\"clientSecretCredentialId\":\"vault:crm-prod-client-secret\",\"redirectUri\":\"https://api.mypurecloud.ie/api/v2/integrations/oauth/callback\"}"
    advanced   = "{}"
    notes      = "Custom_CRM_Enterprise_Connector (framesmith)"
  }
}

resource "genesyscloud_integration_action" "prod_crm_connector_instance_lookup_account_by_phone" {
  name            = "Lookup Account by Phone"
  category        = "Custom_CRM_Enterprise_Connector"
  integration_id  = genesyscloud_integration.prod_crm_connector_instance.id
  secure          = false
  contract_input  = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"lookup_account_by_phone input\",\"type\":\"object\",\"required\":[\"phone\"],\"properties\":{\"phone\":{\"type\":\"string\"}},\"additionalProperties\":true}"
  contract_output = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"lookup_account_by_phone output\",\"type\":\"object\",\"properties\":{\"accountId\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"accountName\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"accountTier\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"lastInteractionDate\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"additionalProperties\":true}"

  config_request {
    request_url_template = "https://crm.enterprise-client.com/api/v1/accounts?phone=$esc.url($${input.phone})&fields=id,name,tier,last_contacted"
    request_type         = "GET"
    request_template     = "$${input.rawRequest}"
    headers              = { Accept = "application/json" }
  }

  config_response {
    translation_map          = { accountId = "$.items[*].id", accountName = "$.items[*].name", accountTier = "$.items[*].tier", lastInteractionDate = "$.items[*].last_contacted" }
    translation_map_defaults = {}
    success_template         = "{\"accountId\": $${accountId}, \"accountName\": $${accountName}, \"accountTier\": $${accountTier}, \"lastInteractionDate\": $${lastInteractionDate}}"
  }
}

resource "genesyscloud_integration_action" "prod_crm_connector_instance_lookup_account_by_email" {
  name            = "Lookup Account by Email"
  category        = "Custom_CRM_Enterprise_Connector"
  integration_id  = genesyscloud_integration.prod_crm_connector_instance.id
  secure          = false
  contract_input  = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"lookup_account_by_email input\",\"type\":\"object\",\"required\":[\"searchValue\"],\"properties\":{\"searchValue\":{\"type\":\"string\"}},\"additionalProperties\":true}"
  contract_output = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"lookup_account_by_email output\",\"type\":\"object\",\"properties\":{\"accountId\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"accountName\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"accountTier\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"lastInteractionDate\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"additionalProperties\":true}"

  config_request {
    request_url_template = "https://crm.enterprise-client.com/api/v1/accounts?email=$esc.url($${input.searchValue})&fields=id,name,tier,last_contacted"
    request_type         = "GET"
    request_template     = "$${input.rawRequest}"
    headers              = { Accept = "application/json" }
  }

  config_response {
    translation_map          = { accountId = "$.items[*].id", accountName = "$.items[*].name", accountTier = "$.items[*].tier", lastInteractionDate = "$.items[*].last_contacted" }
    translation_map_defaults = {}
    success_template         = "{\"accountId\": $${accountId}, \"accountName\": $${accountName}, \"accountTier\": $${accountTier}, \"lastInteractionDate\": $${lastInteractionDate}}"
  }
}

resource "genesyscloud_integration_action" "prod_crm_connector_instance_log_activity" {
  name            = "Log call activity"
  category        = "Custom_CRM_Enterprise_Connector"
  integration_id  = genesyscloud_integration.prod_crm_connector_instance.id
  secure          = false
  contract_input  = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"log_activity input\",\"type\":\"object\",\"required\":[],\"properties\":{},\"additionalProperties\":true}"
  contract_output = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"log_activity output\",\"type\":\"object\",\"properties\":{\"activityId\":{\"type\":\"string\"}},\"additionalProperties\":true}"

  config_request {
    request_url_template = "https://crm.enterprise-client.com/api/v1/activities"
    request_type         = "POST"
    request_template     = "$${input.rawRequest}"
    headers              = { Accept = "application/json", Content-Type = "application/json" }
  }

  config_response {
    translation_map          = { activityId = "$.id" }
    translation_map_defaults = {}
    success_template         = "{\"activityId\": $${activityId}}"
  }
}

resource "genesyscloud_integration_action" "prod_crm_connector_instance_update_activity" {
  name            = "Update call activity"
  category        = "Custom_CRM_Enterprise_Connector"
  integration_id  = genesyscloud_integration.prod_crm_connector_instance.id
  secure          = false
  contract_input  = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"update_activity input\",\"type\":\"object\",\"required\":[\"callLog_id\"],\"properties\":{\"callLog_id\":{\"type\":\"string\"}},\"additionalProperties\":true}"
  contract_output = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"update_activity output\",\"type\":\"object\",\"properties\":{},\"additionalProperties\":true}"

  config_request {
    request_url_template = "https://crm.enterprise-client.com/api/v1/activities/$esc.url($${input.callLog_id})"
    request_type         = "PATCH"
    request_template     = "$${input.rawRequest}"
    headers              = { Accept = "application/json", Content-Type = "application/json" }
  }

  config_response {
    translation_map          = {}
    translation_map_defaults = {}
    success_template         = "{}"
  }
}
