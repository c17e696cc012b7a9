# wsusctl-script: facts.wsus.clients read-only
# .SYNOPSIS  Facts: the computers whose last status report is older than 'days', and for up to max_probe
#            of them (oldest first) what DNS, ping and TCP 135/445/5985 say. No verdict: wsusctl
#            classifies each (never reported, DNS missing, offline, reachable but not reporting).
# .NOTES     READ-ONLY (API reads, DNS, ping, TCP connects). wsus-catalog.md 7 (clients-not-reported),
#            after the tips article's "Computer has not reported status". TcpClient with a timeout, not
#            Test-NetConnection (P10). API dates are UTC (P13); LastReportedStatusTime MinValue = never
#            (ms750683). Every target is read and filtered here, so a client that never reported (MinValue,
#            older than any cutoff) is counted whatever a ComputerTargetScope filter does with MinValue.
# Args: days (int), max_probe (int)
param($P)
$api = Get-WsusctlApi
function Test-Tcp([string]$h, [int]$port) {
  $c = New-Object System.Net.Sockets.TcpClient
  try { $ar = $c.BeginConnect($h, $port, $null, $null); if (-not $ar.AsyncWaitHandle.WaitOne(700)) { return $false }
        $c.EndConnect($ar); return $true } catch { return $false } finally { $c.Close() }
}
$total = $null; $staleCount = $null; $rows = @()
if ($api.Server) {
  $w = $api.Server
  $cutoff = [datetime]::UtcNow.AddDays(-[int]$P.days)
  $all = @($w.GetComputerTargets())
  $total = $all.Count
  $stale = @($all | Where-Object { $_.LastReportedStatusTime -lt $cutoff } | Sort-Object LastReportedStatusTime)
  $staleCount = $stale.Count
  foreach ($t in ($stale | Select-Object -First ([int]$P.max_probe))) {
    $name = [string]$t.FullDomainName; $ips = @(); $icmp = $false; $tcp = $false; $last = $null
    if ($t.LastReportedStatusTime -gt [datetime]::MinValue) { $last = [datetime]::SpecifyKind($t.LastReportedStatusTime, [DateTimeKind]::Utc).ToString('o') }
    try { $ips = @([System.Net.Dns]::GetHostAddresses($name) | ForEach-Object { $_.IPAddressToString }) } catch { }
    if ($ips.Count) {
      $icmp = [bool](Test-Connection -ComputerName $name -Count 1 -Quiet -ErrorAction SilentlyContinue)
      if (-not $icmp) { foreach ($port in 135, 445, 5985) { if (Test-Tcp $name $port) { $tcp = $true; break } } }
    }
    $rows += New-FactItem @{ name = [string]$name; lastReportedUtc = (Get-NullableString $last); wsusIp = [string]$t.IPAddress
                             dnsIps = [string[]]$ips; icmp = [bool]$icmp; tcp = [bool]$tcp }
  }
}
Write-Facts @{
  apiTools = [bool]$api.Tools
  apiConnected = [bool]($null -ne $api.Server)
  apiError = (Get-NullableString $api.Error)
  total = (Get-NullableInt64 $total)
  stale = (Get-NullableInt64 $staleCount)
  clients = [object[]]$rows
}
