# wsusctl-script: facts.host read-only
# .SYNOPSIS  Facts: where WSUS installed itself and what the host is. The values of the WSUS Setup
#            registry key (PortNumber, UsingSSL, SqlServerName, SqlDatabaseName, IISTargetWebSiteIndex),
#            the computer name, its DNS name and its memory. No verdict: wsusctl derives ports, the SQL
#            flavour and its service from these facts.
# .NOTES     READ-ONLY. wsus-catalog.md 0.5 (discovery), after Microsoft's "Implement a shared SUSDB"
#            article, which documents these values; the key is 'Update Services' with a space (P15).
# Args: none
param($P)
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
$fqdn = $null; try { $fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName } catch { }
$ram = $null; try { $ram = (Get-CimInstance -ClassName Win32_ComputerSystem).TotalPhysicalMemory / 1KB } catch { }
Write-Facts @{
  installed = [bool]($null -ne $s)
  portNumber = (Get-NullableInt64 $s.PortNumber)
  usingSsl = (Get-NullableBool $s.UsingSSL)
  sqlServerName = (Get-NullableString $s.SqlServerName)
  sqlDatabaseName = (Get-NullableString $s.SqlDatabaseName)
  siteIndex = (Get-NullableInt64 $s.IISTargetWebSiteIndex)
  computerName = [string]$env:COMPUTERNAME
  fqdn = (Get-NullableString $fqdn)
  ramKb = (Get-NullableInt64 $ram)
}
