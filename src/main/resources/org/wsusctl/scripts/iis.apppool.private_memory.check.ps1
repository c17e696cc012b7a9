# wsusctl-script: iis.apppool.private_memory.check read-only
# .SYNOPSIS  Reads an application pool's private-memory recycle limit (KB) and the host's RAM.
# .NOTES     READ-ONLY. wsus-catalog.md 2.2 (apppool-private-memory), after Microsoft's WSUS tips and
#            connection-failure articles: WSUS installs 1843200 KB, which recycles (and with rapid-fail
#            protection stops) WsusPool under load. 0 (unlimited, as the best-practices article says)
#            and anything >= minimum_kb comply; 1 .. minimum_kb-1 drifts.
# Args: pool (string), minimum_kb (int)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$path = 'IIS:\AppPools\' + $pool
if (-not (Test-Path -LiteralPath $path)) {
  Write-Result @{ check = 'iis.apppool.private_memory'; status = 'error'; observed = @{ pool = $pool; exists = $false }
                  message = 'application pool not found' }
  return
}
$kb = [int64](Get-ItemProperty -LiteralPath $path).recycling.periodicRestart.privateMemory
$min = [int64]$P.minimum_kb
$ramKb = [int64]((Get-CimInstance -ClassName Win32_ComputerSystem).TotalPhysicalMemory / 1KB)
$ok = ($kb -eq 0 -or $kb -ge $min)
$msg = if ($kb -eq 0) { 'no private memory limit (0 = unlimited)' } else { 'private memory limit is ' + $kb + ' KB' }
if (-not $ok) { $msg += ', below ' + $min + ' KB' }
if ($min -gt 0.9 * $ramKb) { $msg += '; warning: the minimum exceeds 90% of host RAM, add memory or use 0' }
Write-Result @{ check = 'iis.apppool.private_memory'; status = $(if ($ok) { 'ok' } else { 'drift' }); severity = 'high'
                observed = @{ pool = $pool; privateMemoryKb = $kb; hostRamKb = $ramKb }
                expected = @{ privateMemoryKb = ('>= ' + $min + ' or 0 (unlimited)') }; message = $msg }
