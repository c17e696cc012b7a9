# wsusctl-script: iis.apppool.state.check read-only
# .SYNOPSIS  Reports the state of an IIS application pool (default WsusPool).
# .NOTES     READ-ONLY. wsus-catalog.md 2.1 (apppool-state). A stopped WsusPool is the article's most
#            likely cause of message 6703 / HTTP 503. Starting/Stopping are 'unknown': re-check later.
# Args: pool (string)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
if (-not (Test-Path -LiteralPath ('IIS:\AppPools\' + $pool))) {
  Write-Result @{ check = 'iis.apppool.state'; status = 'error'; observed = @{ pool = $pool; exists = $false }
                  message = 'application pool not found' }
  return
}
$state = [string](Get-WebAppPoolState -Name $pool).Value
$status = switch ($state) { 'Started' { 'ok' } 'Stopped' { 'drift' } default { 'unknown' } }
Write-Result @{ check = 'iis.apppool.state'; status = $status; severity = 'critical'; observed = @{ pool = $pool; state = $state }
                expected = @{ state = 'Started' }; message = ('pool ' + $pool + ' is ' + $state) }
