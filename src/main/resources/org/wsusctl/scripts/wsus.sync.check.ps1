# wsusctl-script: wsus.sync.check read-only
# .SYNOPSIS  Reports the last WSUS synchronization: result and age.
# .NOTES     READ-ONLY (UpdateServices API). wsus-catalog.md 6.2 (sync-last-result) and 6.1 (wsus-api).
#            Failed/Canceled/Unknown and NeverRun drift, as does a success older than max_age_hours.
#            A sync in progress is ok. API times are UTC (SpecifyKind, never ToUniversalTime).
#            Report only: starting a sync is approval work and never done on a ConfigMgr-managed WSUS.
# Args: max_age_hours (int)
param($P)
Import-Module UpdateServices
try { $w = Get-WsusServer } catch {
  Write-Result @{ check = 'wsus.sync'; status = 'error'; severity = 'critical'; observed = @{ api = $false }
                  message = ('cannot connect to the WSUS API: ' + $_.Exception.Message) }
  return
}
$sub = $w.GetSubscription(); $last = $sub.GetLastSynchronizationInfo()
$result = [string]$last.Result; $running = [string]$sub.GetSynchronizationStatus()
$end = $null; $age = $null
if ($last.EndTime -gt [datetime]::MinValue) {
  $e = [datetime]::SpecifyKind([datetime]$last.EndTime, [DateTimeKind]::Utc)
  $end = $e.ToString('o'); $age = [math]::Round(([datetime]::UtcNow - $e).TotalHours, 1)
}
$max = [int]$P.max_age_hours
$o = @{ result = $result; endUtc = $end; ageHours = $age; runningNow = $running; errorText = [string]$last.ErrorText }
$status = 'drift'; $sev = 'high'
if ($running -and $running -ne 'NotProcessing') { $status = 'ok'; $sev = 'info'; $msg = 'a synchronization is running' }
elseif ($result -eq 'Succeeded' -and $null -ne $age -and $age -le $max) { $status = 'ok'; $sev = 'info'; $msg = 'last sync succeeded ' + $age + ' h ago' }
elseif ($result -eq 'Succeeded') { $sev = 'medium'; $msg = 'last successful sync is ' + $age + ' h old (max ' + $max + ' h)' }
elseif ($result -eq 'NeverRun') { $sev = 'medium'; $msg = 'WSUS has never synchronized' }
else { $msg = 'last sync ' + $result + $(if ($o.errorText) { ': ' + $o.errorText } else { '' }) }
Write-Result @{ check = 'wsus.sync'; status = $status; severity = $sev; observed = $o; message = $msg
                expected = @{ result = 'Succeeded'; ageHours = ('<= ' + $max) } }
