# wsusctl-script: wsus.sync.fix mutating
# .SYNOPSIS  Starts one WSUS synchronization and waits, at most wait_seconds, for its result: 'changed' when
#            it succeeded, 'failed' with its error when it did not, 'changed' with 'still_running' when it had
#            not ended by then (wsusctl reports that as not verified, never fixed).
# .NOTES     MUTATES (starts a synchronization with the upstream server). wsus-catalog.md 6.2 (sync-last-result
#            fix) and 8, after the tips article (watch a synchronization once the 503 is fixed). Guards: never on
#            a Configuration Manager software update point (the SMS_WSUS_CONTROL_MANAGER thread key, as
#            jonasatgit/scriptrepo's Test-ConfigMgrTlsConfiguration.ps1 detects one: ConfigMgr owns its syncs);
#            never while one runs; only when the API connects; at most one start. UpdateServices API:
#            ISubscription.StartSynchronization, GetSynchronizationStatus, GetLastSynchronizationInfo (UTC, P13).
# Args: wait_seconds (int)
param($P)
$sup = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Components\SMS_EXECUTIVE\Threads\SMS_WSUS_CONTROL_MANAGER'
$api = Get-WsusctlApi
if (-not $api.Server) { Write-FixResult 'refused' @{} @{} 'api_unavailable' ([string]$api.Error); return }
$sub = $api.Server.GetSubscription()
function Get-SyncState {
  $l = $sub.GetLastSynchronizationInfo()
  return @{ result = [string]$l.Result; running = [string]$sub.GetSynchronizationStatus(); id = [string]$l.Id; errorText = [string]$l.ErrorText }
}
$b = Get-SyncState; $before = @{ result = $b.result; running = $b.running }
if ($sup) { Write-FixResult 'refused' $before $before 'configmgr_managed' 'SMS_WSUS_CONTROL_MANAGER'; return }
if ($b.running -ne 'NotProcessing') { Write-FixResult 'refused' $before $before 'already_running' $b.running; return }
$sub.StartSynchronization()
$deadline = (Get-Date).AddSeconds([int]$P.wait_seconds)
do { Start-Sleep -Seconds 5; $n = Get-SyncState }
until (($n.running -eq 'NotProcessing' -and $n.id -ne $b.id) -or (Get-Date) -gt $deadline)
$after = @{ result = $n.result; running = $n.running }
if ($n.running -ne 'NotProcessing' -or $n.id -eq $b.id) { Write-FixResult 'changed' $before $after 'still_running' ([string][int]$P.wait_seconds) }
elseif ($n.result -eq 'Succeeded') { Write-FixResult 'changed' $before $after }
else { Write-FixResult 'failed' $before $after ('sync_' + $n.result.ToLowerInvariant()) $n.errorText }
