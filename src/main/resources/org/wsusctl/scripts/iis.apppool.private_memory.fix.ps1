# wsusctl-script: iis.apppool.private_memory.fix mutating
# .SYNOPSIS  Raises an application pool's private-memory limit to target_kb.
# .NOTES     MUTATES (one IIS attribute). wsus-catalog.md 2.2. Guards: never lowers a limit at or above the
#            target, never turns 0 (unlimited) into a limit, reads the value back. It does not recycle
#            the pool itself: the playbook notifies the 'iis.apppool.recycle' handler once per host.
# Args: pool (string), target_kb (int, 1..4294967295)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$path = 'IIS:\AppPools\' + $pool
$target = [int64]$P.target_kb
if ($target -lt 1 -or $target -gt 4294967295) { throw 'target_kb out of range 1..4294967295' }
$cur = [int64](Get-ItemProperty -LiteralPath $path).recycling.periodicRestart.privateMemory
if ($cur -eq 0 -or $cur -ge $target) {
  $why = if ($cur -eq 0) { 'limit is 0 (unlimited); left as is' } else { 'limit ' + $cur + ' KB is already >= ' + $target + ' KB' }
  Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.private_memory'; action = 'unchanged'
                  before = @{ privateMemoryKb = $cur }; after = @{ privateMemoryKb = $cur }; message = $why }
  return
}
Set-ItemProperty -LiteralPath $path -Name recycling.periodicRestart.privateMemory -Value ([uint32]$target)
$now = [int64](Get-ItemProperty -LiteralPath $path).recycling.periodicRestart.privateMemory
$action = if ($now -eq $target) { 'changed' } else { 'failed' }
Write-Result @{ schema = 'wsusctl.fix/1'; check = 'iis.apppool.private_memory'; action = $action
                before = @{ privateMemoryKb = $cur }; after = @{ privateMemoryKb = $now }
                message = ('private memory limit ' + $cur + ' -> ' + $now + ' KB (takes effect at the next recycle)') }
