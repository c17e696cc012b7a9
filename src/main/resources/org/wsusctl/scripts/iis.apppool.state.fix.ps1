# wsusctl-script: iis.apppool.state.fix mutating
# .SYNOPSIS  Starts an application pool that is Stopped; waits up to 30 s for Started, then soaks a few
#            seconds to catch rapid-fail protection stopping it again.
# .NOTES     MUTATES. wsus-catalog.md 2.1. Guards: acts only on a Stopped pool; never stops, restarts or
#            recycles a Started one; refuses while WAS or W3SVC is down (a pool cannot start without them).
#            Right after WAS starts, Start-WebAppPool can fail once with 0x80070425 ("The service cannot
#            accept control messages at this time"; OctopusDeploy/Library#1374, azure-pipelines-tasks#8262):
#            it is retried, at most 3 times, 2 s apart.
# Args: pool (string), soak_seconds (int)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$before = [string](Get-WebAppPoolState -Name $pool).Value
if ($before -ne 'Stopped') { Write-FixResult 'unchanged' @{ state = $before } @{ state = $before } 'not_stopped'; return }
$down = @(@('WAS', 'W3SVC') | Where-Object { [string](Get-Service -Name $_).Status -ne 'Running' })
if ($down.Count) { Write-FixResult 'refused' @{ state = $before } @{ state = $before } 'dependency_not_running' ($down -join ', '); return }
for ($try = 1; $true; $try++) {
  try { Start-WebAppPool -Name $pool; break }
  catch { if ($try -ge 3 -or [string]$_.Exception.Message -notmatch '0x80070425') { throw }; Start-Sleep -Seconds 2 }
}
$deadline = (Get-Date).AddSeconds(30)
do { Start-Sleep -Milliseconds 500; $now = [string](Get-WebAppPoolState -Name $pool).Value }
until ($now -eq 'Started' -or (Get-Date) -gt $deadline)
if ($now -eq 'Started' -and [int]$P.soak_seconds -gt 0) {
  Start-Sleep -Seconds ([int]$P.soak_seconds)
  $now = [string](Get-WebAppPoolState -Name $pool).Value
}
if ($now -eq 'Started') { Write-FixResult 'changed' @{ state = $before } @{ state = $now } }
else { Write-FixResult 'failed' @{ state = $before } @{ state = $now } 'stopped_again' }
