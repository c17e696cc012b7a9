# wsusctl-script: iis.apppool.recycle.action mutating
# .SYNOPSIS  Recycles an application pool if it is Started; reports (and does nothing) otherwise.
# .NOTES     MUTATES (a recycle drops in-flight requests; WSUS rebuilds its metadata cache).
#            wsus-catalog.md 2.2 fix and P14: one recycle per host after the pool config changed.
#            A Stopped pool is left to iis.apppool.state, which starts it with the new settings.
# Args: pool (string)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$before = [string](Get-WebAppPoolState -Name $pool).Value
if ($before -ne 'Started') {
  Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.recycle'; action = 'unchanged'
                  before = @{ state = $before }; after = @{ state = $before }
                  message = ('pool ' + $pool + ' is ' + $before + '; not recycled') }
  return
}
Restart-WebAppPool -Name $pool
Start-Sleep -Seconds 2
$now = [string](Get-WebAppPoolState -Name $pool).Value
$action = if ($now -eq 'Started') { 'changed' } else { 'failed' }
$msg = if ($now -eq 'Started') { 'pool recycled' } else { 'pool is ' + $now + ' after the recycle (rapid-fail protection?)' }
Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.recycle'; action = $action
                before = @{ state = $before }; after = @{ state = $now }; message = $msg }
