# wsusctl-script: iis.apppool.private_memory.fix mutating
# .SYNOPSIS  Raises an application pool's private-memory limit to target_kb.
# .NOTES     MUTATES (one IIS attribute). wsus-catalog.md 2.2. Guards: never lowers a limit at or above the
#            target, never turns 0 (unlimited) into a limit, reads the value back. It does not recycle
#            the pool itself: a configuration change already rotates a running pool's worker unless
#            recycling.disallowRotationOnConfigChange is set (false by default; IIS configuration reference,
#            applicationPools/add/recycling), and it reports whether that happened ('rotated'), so the
#            notified 'iis.apppool.recycle' handler does not recycle a second time.
# Args: pool (string), target_kb (int, 1..4294967295)
param($P)
Import-Module WebAdministration
$path = 'IIS:\AppPools\' + (Assert-SafeName ([string]$P.pool))
$target = [int64]$P.target_kb
if ($target -lt 1 -or $target -gt 4294967295) { throw 'target_kb out of range 1..4294967295' }
$cur = [int64](Get-ItemProperty -LiteralPath $path).recycling.periodicRestart.privateMemory
if ($cur -eq 0) { Write-FixResult 'unchanged' @{ privateMemoryKb = $cur } @{ privateMemoryKb = $cur } 'unlimited'; return }
if ($cur -ge $target) { Write-FixResult 'unchanged' @{ privateMemoryKb = $cur } @{ privateMemoryKb = $cur } 'already_at_or_above'; return }
Set-ItemProperty -LiteralPath $path -Name recycling.periodicRestart.privateMemory -Value ([uint32]$target)
$pp = Get-ItemProperty -LiteralPath $path
$now = [int64]$pp.recycling.periodicRestart.privateMemory
$rotated = ([string](Get-WebAppPoolState -Name ([string]$P.pool)).Value -eq 'Started') -and -not [bool]$pp.recycling.disallowRotationOnConfigChange
if ($now -eq $target) { Write-FixResult 'changed' @{ privateMemoryKb = $cur } @{ privateMemoryKb = $now; rotated = $rotated } }
else { Write-FixResult 'failed' @{ privateMemoryKb = $cur } @{ privateMemoryKb = $now } 'not_applied' }
