# wsusctl-script: iis.apppool.recycle.action mutating
# .SYNOPSIS  Recycles an application pool if it is Started, then proves the new worker stays up: warm-up
#            requests to client.asmx for soak_seconds, and no WAS 5002/5009 for the pool since the recycle.
# .NOTES     MUTATES (a recycle drops in-flight requests; WSUS rebuilds its metadata cache).
#            wsus-catalog.md 2.2 fix and P14: one recycle per host after the pool config changed.
#            A Stopped pool is left to iis.apppool.state, which starts it with the new settings. With rotate
#            false (the configuration change that notified it already rotated the worker), it recycles
#            nothing and only proves the new worker stays up: one recycle, not two.
# Args: pool (string), soak_seconds (int), rotate (bool)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$before = [string](Get-WebAppPoolState -Name $pool).Value
if ($before -ne 'Started') { Write-FixResult 'unchanged' @{ state = $before } @{ state = $before } 'not_started'; return }
$began = Get-Date
if ([bool]$P.rotate) { Restart-WebAppPool -Name $pool }
$url = Get-WsusctlUrl '/ClientWebService/client.asmx'
$until = (Get-Date).AddSeconds([int]$P.soak_seconds)
do { $null = Invoke-WsusctlWarmup $url; Start-Sleep -Seconds 2 } while ((Get-Date) -lt $until)
$now = [string](Get-WebAppPoolState -Name $pool).Value
$crashes = @(Get-WsusctlEventsSince $began 'System' 'Microsoft-Windows-WAS' @(5002, 5009) $pool)
if ($now -eq 'Started' -and $crashes.Count -eq 0) {
  if ([bool]$P.rotate) { Write-FixResult 'changed' @{ state = $before } @{ state = $now } }
  else { Write-FixResult 'unchanged' @{ state = $before } @{ state = $now } 'rotated_by_config_change' }
}
else { Write-FixResult 'failed' @{ state = $before } @{ state = $now } 'crashed_after_start' (($crashes | ForEach-Object { 'WAS ' + $_.Id }) -join ', ') }
