# wsusctl-script: facts.wsus.sync read-only
# .SYNOPSIS  Facts: the last synchronization as the UpdateServices API reports it (result, end time,
#            error text) and whether one is running now. No verdict.
# .NOTES     READ-ONLY (UpdateServices API). wsus-catalog.md 6.1 (wsus-api) and 6.2 (sync-last-result).
#            API times are UTC: SpecifyKind, never ToUniversalTime (P13); EndTime MinValue means never.
#            The API is connected once per process (Get-WsusctlApi in the preamble).
# Args: none
param($P)
$api = Get-WsusctlApi
$result = $null; $end = $null; $running = $null; $errText = $null
if ($api.Server) {
  $sub = $api.Server.GetSubscription(); $last = $sub.GetLastSynchronizationInfo()
  $result = [string]$last.Result; $running = [string]$sub.GetSynchronizationStatus(); $errText = [string]$last.ErrorText
  if ($last.EndTime -gt [datetime]::MinValue) { $end = [datetime]::SpecifyKind([datetime]$last.EndTime, [DateTimeKind]::Utc).ToString('o') }
}
Write-Facts @{
  apiTools = [bool]$api.Tools
  apiConnected = [bool]($null -ne $api.Server)
  apiError = (Get-NullableString $api.Error)
  result = (Get-NullableString $result)
  endUtc = (Get-NullableString $end)
  running = (Get-NullableString $running)
  errorText = (Get-NullableString $errText)
}
