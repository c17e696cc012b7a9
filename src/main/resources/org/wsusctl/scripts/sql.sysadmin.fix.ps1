# wsusctl-script: sql.sysadmin.fix mutating
# .SYNOPSIS  Grants SQL Server sysadmin to the WSUS setup account: CREATE LOGIN ... FROM WINDOWS if it is
#            missing, then ALTER SERVER ROLE sysadmin ADD MEMBER (sp_addsrvrolemember before SQL 2012).
# .NOTES     MUTATES, privileged: approval only (the step's approve: true). wsus-catalog.md 5.2 fix, after
#            the tips article's 0x80070643 remedy. Login as SqlParameter, identifiers via QUOTENAME +
#            sp_executesql. Guards: skips a login that is admin by any path; never removes members.
# Args: login (string, '' = the caller)
param($P)
$login = Assert-Account ([string]$P.login)
$n = [string](Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup').SqlServerName
$ds = $n; if ($n -match '##WID') { $ds = 'np:\\.\pipe\MICROSOFT##WID\tsql\query' } elseif ($n -match '##SSEE') { $ds = 'np:\\.\pipe\MSSQL$MICROSOFT##SSEE\sql\query' }
$b = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
$b['Data Source'] = $ds; $b['Initial Catalog'] = 'master'; $b['Integrated Security'] = $true; $b['Connect Timeout'] = 15; $b['Application Name'] = 'wsusctl'
$cn = New-Object System.Data.SqlClient.SqlConnection $b.ConnectionString
$cn.Open()
function New-Cmd([string]$text, [string]$l) {
  $c = $cn.CreateCommand(); $c.CommandText = $text
  [void]$c.Parameters.Add('@login', [System.Data.SqlDbType]::NVarChar, 128); $c.Parameters['@login'].Value = $l; return $c
}
$l = [string](New-Cmd "SELECT ISNULL(NULLIF(@login, N''), SUSER_SNAME());" $login).ExecuteScalar()
$before = @{ login = $l; loginDirect = (Get-NullableInt64 (New-Cmd "SELECT IS_SRVROLEMEMBER(N'sysadmin', @login);" $l).ExecuteScalar()) }
$admin = ($before.loginDirect -eq 1)
if (-not $admin) {
  $r = (New-Cmd "EXEC master.sys.xp_logininfo @acctname = @login, @option = N'all';" $l).ExecuteReader()
  while ($r.Read()) { if (([string]$r['privilege']).Trim() -eq 'admin') { $admin = $true } }; $r.Close()
}
if ($admin) { Write-FixResult 'unchanged' $before $before 'already_sysadmin' $l; return }
$grant = @'
SET NOCOUNT ON;
DECLARE @sql nvarchar(max), @major int = CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), 4) AS int);
IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = @login)
BEGIN SET @sql = N'CREATE LOGIN ' + QUOTENAME(@login) + N' FROM WINDOWS;'; EXEC sys.sp_executesql @sql; END;
IF @major >= 11
BEGIN SET @sql = N'ALTER SERVER ROLE [sysadmin] ADD MEMBER ' + QUOTENAME(@login) + N';'; EXEC sys.sp_executesql @sql; END
ELSE EXEC sys.sp_addsrvrolemember @loginame = @login, @rolename = N'sysadmin';
SELECT IS_SRVROLEMEMBER(N'sysadmin', @login);
'@
try { $a = (New-Cmd $grant $l).ExecuteScalar() } catch {
  Write-FixResult 'failed' $before $before 'grant_refused' ([string]$_.Exception.Message); return
}
$after = @{ login = $l; loginDirect = (Get-NullableInt64 $a) }
$cn.Close()
if ($after.loginDirect -eq 1) { Write-FixResult 'changed' $before $after } else { Write-FixResult 'failed' $before $after 'grant_not_effective' $l }
