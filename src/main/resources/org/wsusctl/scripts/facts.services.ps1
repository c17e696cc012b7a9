# wsusctl-script: facts.services read-only
# .SYNOPSIS  Facts: State and StartMode of the services asked for and of every SQL Server engine
#            (MSSQL*), by service name (display names are localized). A service that is not installed
#            is absent. No verdict: wsusctl picks the SQL engine WSUS uses from the host facts.
# .NOTES     READ-ONLY. wsus-catalog.md 4.1 (service-wsus, service-iis, service-sql), after the tips
#            article's "Some services are not running". Win32_Service, filtered on the client side (no
#            WQL escaping of '$').
# Args: names (string[])
param($P)
$want = @(@($P.names) | ForEach-Object { Assert-SafeName ([string]$_) })
$list = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $want -contains $_.Name -or $_.Name -like 'MSSQL*' } |
  ForEach-Object { New-FactItem @{ name = [string]$_.Name; state = [string]$_.State; startMode = [string]$_.StartMode } })
Write-Facts @{ services = [object[]]$list }
