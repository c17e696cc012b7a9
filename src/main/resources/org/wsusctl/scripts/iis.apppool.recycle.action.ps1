# wsusctl-script: iis.apppool.recycle.action mutating
# .SYNOPSIS  Recycles an application pool if it is Started; does nothing otherwise.
# .NOTES     MUTATES (a recycle drops in-flight requests; WSUS rebuilds its metadata cache).
#            wsus-catalog.md 2.2 fix and P14: one recycle per host after the pool config changed.
#            A Stopped pool is left to iis.apppool.state, which starts it with the new settings.
# Args: pool (string)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$before = [string](Get-WebAppPoolState -Name $pool).Value
if ($before -ne 'Started') { Write-FixResult 'unchanged' @{ state = $before } @{ state = $before } 'not_started'; return }
Restart-WebAppPool -Name $pool
Start-Sleep -Seconds 2
$now = [string](Get-WebAppPoolState -Name $pool).Value
if ($now -eq 'Started') { Write-FixResult 'changed' @{ state = $before } @{ state = $now } }
else { Write-FixResult 'failed' @{ state = $before } @{ state = $now } 'stopped_again' }
