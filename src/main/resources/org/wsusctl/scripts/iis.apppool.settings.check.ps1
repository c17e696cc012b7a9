# wsusctl-script: iis.apppool.settings.check read-only
# .SYNOPSIS  Compares a pool's tuning with the WSUS best-practice values.
# .NOTES     READ-ONLY. wsus-catalog.md 2.4, after Microsoft's WSUS best-practices article: queueLength
#            >= queue_length (2000), idleTimeout 0, pinging off, periodic restart 0, virtual memory 0.
#            Rapid-fail protection is contested (community only): it drifts only when the step asks for
#            rapid_fail: disable; otherwise it is reported. loadBalancerCapabilities is reported only.
# Args: pool (string), queue_length (int), rapid_fail ('leave'|'disable')
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$path = 'IIS:\AppPools\' + $pool
if (-not (Test-Path -LiteralPath $path)) {
  Write-Result @{ check = 'iis.apppool.settings'; status = 'error'; observed = @{ pool = $pool; exists = $false }
                  message = 'application pool not found' }
  return
}
$pp = Get-ItemProperty -LiteralPath $path
$o = @{ pool = $pool; queueLength = [int64]$pp.queueLength
        idleTimeoutMin = [double]$pp.processModel.idleTimeout.TotalMinutes
        pingingEnabled = [bool]$pp.processModel.pingingEnabled
        periodicRestartMin = [double]$pp.recycling.periodicRestart.time.TotalMinutes
        virtualMemoryKb = [int64]$pp.recycling.periodicRestart.memory
        rapidFailProtection = [bool]$pp.failure.rapidFailProtection
        loadBalancerCapabilities = [string]$pp.failure.loadBalancerCapabilities }
$bad = @()
if ($o.queueLength -lt [int64]$P.queue_length) { $bad += 'queueLength' }
if ($o.idleTimeoutMin -ne 0) { $bad += 'idleTimeout' }
if ($o.pingingEnabled) { $bad += 'pingingEnabled' }
if ($o.periodicRestartMin -ne 0) { $bad += 'periodicRestart.time' }
if ($o.virtualMemoryKb -ne 0) { $bad += 'periodicRestart.memory' }
if ([string]$P.rapid_fail -eq 'disable' -and $o.rapidFailProtection) { $bad += 'rapidFailProtection' }
$o['differs'] = $bad
$msg = if ($bad.Count) { 'not tuned: ' + ($bad -join ', ') } else { 'pool ' + $pool + ' is tuned' }
Write-Result @{ check = 'iis.apppool.settings'; status = $(if ($bad.Count) { 'drift' } else { 'ok' }); severity = 'medium'
                observed = $o; message = $msg
                expected = @{ queueLength = ('>= ' + $P.queue_length); idleTimeoutMin = 0; pingingEnabled = $false
                              periodicRestartMin = 0; virtualMemoryKb = 0
                              rapidFailProtection = $(if ([string]$P.rapid_fail -eq 'disable') { $false } else { 'left as is' }) } }
