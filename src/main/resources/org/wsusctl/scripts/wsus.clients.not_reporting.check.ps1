# wsusctl-script: wsus.clients.not_reporting.check read-only
# .SYNOPSIS  Lists clients whose last status report is older than 'days' and probes up to max_probe of
#            them: never_reported, dns_missing, offline (no ICMP, no TCP 135/445/5985) or
#            reachable_not_reporting (up, so suspect the agent, GPO or the Reporting web service).
# .NOTES     READ-ONLY (API reads, DNS, ping, TCP connects). wsus-catalog.md 7 (clients-not-reported),
#            after the tips article's "Computer has not reported status". Report only: the causes are on
#            the clients. TcpClient with a timeout, not Test-NetConnection (P10). API dates are UTC.
# Args: days (int), max_probe (int)
param($P)
Import-Module UpdateServices
try { $w = Get-WsusServer } catch {
  Write-Result @{ check = 'wsus.clients.not_reporting'; status = 'error'; observed = @{ api = $false }
                  message = ('cannot connect to the WSUS API: ' + $_.Exception.Message) }
  return
}
function Test-Tcp([string]$h, [int]$port) {
  $c = New-Object System.Net.Sockets.TcpClient
  try { $ar = $c.BeginConnect($h, $port, $null, $null); if (-not $ar.AsyncWaitHandle.WaitOne(700)) { return $false }
        $c.EndConnect($ar); return $true } catch { return $false } finally { $c.Close() }
}
$days = [int]$P.days
$scope = New-Object Microsoft.UpdateServices.Administration.ComputerTargetScope
$scope.ToLastReportedStatusTime = [datetime]::UtcNow.AddDays(-$days)
$total = @($w.GetComputerTargets()).Count
$stale = @($w.GetComputerTargets($scope) | Sort-Object LastReportedStatusTime)
$byClass = @{}; $rows = @()
foreach ($t in ($stale | Select-Object -First ([int]$P.max_probe))) {
  $name = [string]$t.FullDomainName; $ips = @(); $icmp = $false; $tcp = $false
  $last = if ($t.LastReportedStatusTime -gt [datetime]::MinValue) { [datetime]::SpecifyKind($t.LastReportedStatusTime, [DateTimeKind]::Utc).ToString('o') } else { $null }
  try { $ips = @([System.Net.Dns]::GetHostAddresses($name) | ForEach-Object { $_.IPAddressToString }) } catch { }
  if ($ips.Count) {
    $icmp = [bool](Test-Connection -ComputerName $name -Count 1 -Quiet -ErrorAction SilentlyContinue)
    if (-not $icmp) { foreach ($port in 135, 445, 5985) { if (Test-Tcp $name $port) { $tcp = $true; break } } }
  }
  $class = if (-not $last) { 'never_reported' } elseif (-not $ips.Count) { 'dns_missing' } elseif ($icmp -or $tcp) { 'reachable_not_reporting' } else { 'offline' }
  $byClass[$class] = 1 + [int]$byClass[$class]
  $rows += @{ name = $name; class = $class; lastReportedUtc = $last; wsusIp = [string]$t.IPAddress; dnsIps = $ips; icmp = $icmp; tcp = $tcp }
}
$share = if ($total) { $stale.Count / $total } else { 0 }
$msg = if ($stale.Count) { '' + $stale.Count + ' of ' + $total + ' clients have not reported for ' + $days + ' days' } else { 'all ' + $total + ' clients reported within ' + $days + ' days' }
Write-Result @{ check = 'wsus.clients.not_reporting'; status = $(if ($stale.Count) { 'drift' } else { 'ok' })
                severity = $(if ($share -gt 0.2) { 'medium' } else { 'info' }); message = $msg
                observed = @{ total = $total; stale = $stale.Count; days = $days; probed = $rows.Count; byClass = $byClass; clients = $rows }
                expected = @{ stale = 0 } }
