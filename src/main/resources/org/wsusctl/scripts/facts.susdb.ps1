# wsusctl-script: facts.susdb read-only
# .SYNOPSIS  Facts: the WSUS database on the SQL Server that hosts it: whether it exists (DB_ID) and its
#            DATABASEPROPERTYEX Status (ONLINE, OFFLINE, RESTORING, RECOVERING, SUSPECT, EMERGENCY) and
#            UserAccess. No verdict.
# .NOTES     READ-ONLY (one SELECT, on master). wsus-catalog.md 5.1 (susdb-online), after Microsoft's
#            WID-to-SQL migration article (the WID pipe) and the DATABASEPROPERTYEX reference. The data source
#            follows SqlServerName (Get-WsusctlSqlDataSource, P4); the database name SqlDatabaseName (SUSDB when
#            unset) travels as a SqlParameter (P9). A remote SQL Server may refuse the WinRM identity (double
#            hop, P5): that is 'connected = false' with SqlClient's message.
# Args: none
param($P)
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
$db = $null; if ($s) { $db = 'SUSDB'; if ($s.SqlDatabaseName) { $db = [string]$s.SqlDatabaseName } }
$ds = Get-WsusctlSqlDataSource
$connected = $false; $connectError = $null; $row = @{}
if ($ds) {
  $b = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
  $b['Data Source'] = $ds; $b['Initial Catalog'] = 'master'; $b['Integrated Security'] = $true; $b['Connect Timeout'] = 15; $b['Application Name'] = 'wsusctl'
  $cn = New-Object System.Data.SqlClient.SqlConnection $b.ConnectionString
  try { $cn.Open(); $connected = $true } catch { $connectError = [string]$_.Exception.Message }
}
if ($connected) {
  $c = $cn.CreateCommand()
  $c.CommandText = "SET NOCOUNT ON; SELECT DB_ID(@db) AS dbid, CAST(DATABASEPROPERTYEX(@db, 'Status') AS nvarchar(60)) AS st, CAST(DATABASEPROPERTYEX(@db, 'UserAccess') AS nvarchar(60)) AS ua;"
  [void]$c.Parameters.Add('@db', [System.Data.SqlDbType]::NVarChar, 128); $c.Parameters['@db'].Value = $db
  $r = $c.ExecuteReader(); [void]$r.Read()
  foreach ($k in 'dbid', 'st', 'ua') { $row[$k] = $r[$k] }
  $r.Close(); $cn.Close()
}
Write-Facts @{
  dataSource = (Get-NullableString $ds)
  connected = [bool]$connected
  connectError = (Get-NullableString $connectError)
  database = (Get-NullableString $db)
  exists = (Get-NullableBool $(if ($connected) { -not ($row['dbid'] -is [DBNull]) }))
  state = (Get-NullableString $row['st'])
  userAccess = (Get-NullableString $row['ua'])
}
