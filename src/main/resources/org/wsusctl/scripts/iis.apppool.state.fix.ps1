# wsusctl-script: iis.apppool.state.fix mutating
# .SYNOPSIS  Starts an application pool that is Stopped, then proves it stays up: waits up to 30 s for
#            Started, sends warm-up requests to client.asmx for soak_seconds (IIS starts a worker only when a
#            request arrives, so a pool whose workers crash reads Started until then), and fails if the pool
#            is not Started at the end or WAS logged 5002 (pool disabled) or 5009 (worker crashed) for it
#            since the fix began.
# .NOTES     MUTATES. wsus-catalog.md 2.1 and 2.3 (WAS 5002/5009 evidence). Guards: acts only on a Stopped
#            pool; never stops, restarts or recycles a Started one; refuses while WAS or W3SVC is down (a pool
#            cannot start without them). Right after WAS starts, Start-WebAppPool can fail once with
#            0x80070425 ("The service cannot accept control messages at this time"; OctopusDeploy/Library#1374,
#            azure-pipelines-tasks#8262): it is retried, at most 3 times, 2 s apart. Rapid-fail protection
#            disables a pool after 5 worker failures in 5 minutes (IIS's failure defaults).
# Args: pool (string), soak_seconds (int)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$before = [string](Get-WebAppPoolState -Name $pool).Value
if ($before -ne 'Stopped') { Write-FixResult 'unchanged' @{ state = $before } @{ state = $before } 'not_stopped'; return }
$down = @(@('WAS', 'W3SVC') | Where-Object { [string](Get-Service -Name $_).Status -ne 'Running' })
if ($down.Count) { Write-FixResult 'refused' @{ state = $before } @{ state = $before } 'dependency_not_running' ($down -join ', '); return }
$began = Get-Date
for ($try = 1; $true; $try++) {
  try { Start-WebAppPool -Name $pool; break }
  catch { if ($try -ge 3 -or [string]$_.Exception.Message -notmatch '0x80070425') { throw }; Start-Sleep -Seconds 2 }
}
$deadline = (Get-Date).AddSeconds(30)
do { Start-Sleep -Milliseconds 500; $now = [string](Get-WebAppPoolState -Name $pool).Value }
until ($now -eq 'Started' -or (Get-Date) -gt $deadline)
if ($now -eq 'Started') {
  $url = Get-WsusctlUrl '/ClientWebService/client.asmx'
  $until = (Get-Date).AddSeconds([int]$P.soak_seconds)
  do { $null = Invoke-WsusctlWarmup $url; Start-Sleep -Seconds 2 } while ((Get-Date) -lt $until)
  $now = [string](Get-WebAppPoolState -Name $pool).Value
}
$crashes = @(Get-WsusctlEventsSince $began 'System' 'Microsoft-Windows-WAS' @(5002, 5009) $pool)
if ($now -eq 'Started' -and $crashes.Count -eq 0) { Write-FixResult 'changed' @{ state = $before } @{ state = $now } }
else { Write-FixResult 'failed' @{ state = $before } @{ state = $now } 'crashed_after_start' (($crashes | ForEach-Object { 'WAS ' + $_.Id }) -join ', ') }
