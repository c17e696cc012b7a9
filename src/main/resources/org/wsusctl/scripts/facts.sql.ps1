# wsusctl-script: facts.sql read-only
# .SYNOPSIS  Facts: what the SQL Server that hosts SUSDB says about sysadmin: IS_SRVROLEMEMBER for the
#            caller's token (groups count) and for a login (direct membership only, may be NULL), whether
#            the login exists, and xp_logininfo's permission paths. No verdict.
# .NOTES     READ-ONLY (SELECT and xp_logininfo). wsus-catalog.md 5.2 (sql-setup-sysadmin), after the tips
#            article's error 0x80070643. The data source follows SqlServerName (the WID pipe on 2012+, P4).
#            login defaults to the WinRM identity (SUSER_SNAME()); values go through SqlParameter (P9).
# Args: login (string, '' = the caller)
param($P)
$login = Assert-Account ([string]$P.login)
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
$n = [string]$s.SqlServerName
$ds = $null
if ($s) { $ds = $n; if ($n -match '##WID') { $ds = 'np:\\.\pipe\MICROSOFT##WID\tsql\query' } elseif ($n -match '##SSEE') { $ds = 'np:\\.\pipe\MSSQL$MICROSOFT##SSEE\sql\query' } }
$connected = $false; $connectError = $null; $row = @{}; $paths = @(); $pathsError = $null
if ($ds) {
  $b = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
  $b['Data Source'] = $ds; $b['Initial Catalog'] = 'master'; $b['Integrated Security'] = $true; $b['Connect Timeout'] = 15; $b['Application Name'] = 'wsusctl'
  $cn = New-Object System.Data.SqlClient.SqlConnection $b.ConnectionString
  try { $cn.Open(); $connected = $true } catch { $connectError = [string]$_.Exception.Message }
}
if ($connected) {
  $c = $cn.CreateCommand()
  $c.CommandText = "SET NOCOUNT ON; DECLARE @l sysname = ISNULL(NULLIF(@login, N''), SUSER_SNAME()); SELECT @l AS lg, SUSER_SNAME() AS caller, IS_SRVROLEMEMBER(N'sysadmin') AS csa, IS_SRVROLEMEMBER(N'sysadmin', @l) AS direct, (SELECT COUNT(*) FROM sys.server_principals WHERE name = @l) AS present, CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS ver;"
  [void]$c.Parameters.Add('@login', [System.Data.SqlDbType]::NVarChar, 128); $c.Parameters['@login'].Value = $login
  $r = $c.ExecuteReader(); [void]$r.Read()
  foreach ($k in 'lg', 'caller', 'csa', 'direct', 'present', 'ver') { $row[$k] = $r[$k] }
  $r.Close()
  try {
    $c2 = $cn.CreateCommand(); $c2.CommandText = "EXEC master.sys.xp_logininfo @acctname = @login, @option = N'all';"
    [void]$c2.Parameters.Add('@login', [System.Data.SqlDbType]::NVarChar, 128); $c2.Parameters['@login'].Value = [string]$row['lg']
    $r2 = $c2.ExecuteReader()
    while ($r2.Read()) { $paths += New-FactItem @{ privilege = [string]([string]$r2['privilege']).Trim(); path = [string]$r2['permission path'] } }
    $r2.Close()
  } catch { $pathsError = [string]$_.Exception.Message }
  $cn.Close()
}
Write-Facts @{
  dataSource = (Get-NullableString $ds)
  connected = [bool]$connected
  connectError = (Get-NullableString $connectError)
  caller = (Get-NullableString $row['caller'])
  callerIsSysadmin = (Get-NullableInt64 $row['csa'])
  login = (Get-NullableString $row['lg'])
  loginDirect = (Get-NullableInt64 $row['direct'])
  loginExists = (Get-NullableBool $(if ($connected) { [int]$row['present'] -gt 0 }))
  version = (Get-NullableString $row['ver'])
  paths = [object[]]$paths
  pathsError = (Get-NullableString $pathsError)
}
