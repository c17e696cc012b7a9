# wsusctl-script: iis.apppool.state.fix mutating
# .SYNOPSIS  Starts an application pool that is Stopped; waits up to 30 s for Started, then soaks
#            a few seconds to catch rapid-fail protection stopping it again.
# .NOTES     MUTATES. wsus-catalog.md 2.1. Never stops, restarts or recycles a Started pool. A pool cannot
#            start while WAS or W3SVC is down: then it reports failed and names them (wsus.services first).
# Args: pool (string), soak_seconds (int)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$before = [string](Get-WebAppPoolState -Name $pool).Value
if ($before -ne 'Stopped') {
  Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.state'; action = 'unchanged'
                  before = @{ state = $before }; after = @{ state = $before }; message = ('pool was ' + $before) }
  return
}
$down = @(@('WAS', 'W3SVC') | Where-Object { [string](Get-Service -Name $_).Status -ne 'Running' })
if ($down.Count) {
  Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.state'; action = 'failed'; before = @{ state = $before }
                  after = @{ state = $before }; message = ('cannot start the pool while not running: ' + ($down -join ', ')) }
  return
}
Start-WebAppPool -Name $pool
$deadline = (Get-Date).AddSeconds(30)
do { Start-Sleep -Milliseconds 500; $now = [string](Get-WebAppPoolState -Name $pool).Value }
until ($now -eq 'Started' -or (Get-Date) -gt $deadline)
if ($now -eq 'Started' -and [int]$P.soak_seconds -gt 0) {
  Start-Sleep -Seconds ([int]$P.soak_seconds)
  $now = [string](Get-WebAppPoolState -Name $pool).Value
}
$action = if ($now -eq 'Started') { 'changed' } else { 'failed' }
$msg = if ($now -eq 'Started') { 'pool started' } else { 'pool stopped again right after start (rapid-fail protection?)' }
Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.state'; action = $action
                before = @{ state = $before }; after = @{ state = $now }; message = $msg }
