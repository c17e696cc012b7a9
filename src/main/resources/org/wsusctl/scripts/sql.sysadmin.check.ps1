# wsusctl-script: sql.sysadmin.check read-only
# .SYNOPSIS  Does the WSUS setup account hold SQL Server sysadmin (directly or through a Windows group)?
# .NOTES     READ-ONLY (SELECT and xp_logininfo). wsus-catalog.md 5.2 (sql-setup-sysadmin), after the tips
#            article's error 0x80070643. login defaults to the WinRM identity (SUSER_SNAME()). Values go
#            through SqlParameter. IS_SRVROLEMEMBER with a login does not see group membership, hence
#            xp_logininfo 'all'. 'unknown' when it cannot tell (no permission, SQL unreachable, 15404).
# Args: login (string, '' = the caller)
param($P)
$login = [string]$P.login
if ($login -and $login -notmatch '^[^\\\]\[\x00-\x1f]{1,64}\\[^\\\]\[\x00-\x1f]{1,104}$') { throw 'unsafe login rejected' }
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
if (-not $s) { Write-Result @{ check = 'sql.sysadmin'; status = 'not_applicable'; message = 'WSUS not installed' }; return }
$n = [string]$s.SqlServerName
$ds = if ($n -match '##WID') { 'np:\\.\pipe\MICROSOFT##WID\tsql\query' } elseif ($n -match '##SSEE') { 'np:\\.\pipe\MSSQL$MICROSOFT##SSEE\sql\query' } else { $n }
$b = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
$b['Data Source'] = $ds; $b['Initial Catalog'] = 'master'; $b['Integrated Security'] = $true; $b['Connect Timeout'] = 15; $b['Application Name'] = 'wsusctl'
$cn = New-Object System.Data.SqlClient.SqlConnection $b.ConnectionString
try { $cn.Open() } catch {
  Write-Result @{ check = 'sql.sysadmin'; status = 'unknown'; severity = 'high'; observed = @{ dataSource = $ds }
                  message = ('cannot connect to SQL Server (stopped, or a WinRM double hop to a remote SQL): ' + $_.Exception.Message) }
  return
}
function Get-Int($v) { if ($v -is [DBNull] -or $null -eq $v) { return $null } return [int]$v }
$c = $cn.CreateCommand()
$c.CommandText = "SET NOCOUNT ON; DECLARE @l sysname = ISNULL(NULLIF(@login, N''), SUSER_SNAME()); SELECT @l AS lg, SUSER_SNAME() AS caller, IS_SRVROLEMEMBER(N'sysadmin') AS csa, IS_SRVROLEMEMBER(N'sysadmin', @l) AS direct, (SELECT COUNT(*) FROM sys.server_principals WHERE name = @l) AS present, CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS ver;"
[void]$c.Parameters.Add('@login', [System.Data.SqlDbType]::NVarChar, 128); $c.Parameters['@login'].Value = $login
$r = $c.ExecuteReader(); [void]$r.Read()
$o = @{ login = [string]$r['lg']; caller = [string]$r['caller']; callerIsSysadmin = (Get-Int $r['csa']); loginDirect = (Get-Int $r['direct'])
        loginExists = ([int]$r['present'] -gt 0); version = [string]$r['ver']; paths = @() }
$r.Close()
$status = 'drift'; $msg = $o.login + ' is not sysadmin'
if ($o.login -eq $o.caller) {
  if ($o.callerIsSysadmin -eq 1) { $status = 'ok'; $msg = $o.login + ' (the WinRM account) is sysadmin' }
  elseif ($null -eq $o.callerIsSysadmin) { $status = 'unknown'; $msg = 'IS_SRVROLEMEMBER returned NULL for the caller' }
  elseif ($n -match '##WID') { $msg += '; on WID local administrators are sysadmin only with an elevated token' }
} elseif ($o.callerIsSysadmin -ne 1) {
  $status = 'unknown'; $msg = 'the WinRM account ' + $o.caller + ' is not sysadmin and cannot view the role membership of ' + $o.login
} elseif ($o.loginDirect -eq 1) { $status = 'ok'; $msg = $o.login + ' is sysadmin (direct member)' }
else {
  try {
    $c2 = $cn.CreateCommand(); $c2.CommandText = "EXEC master.sys.xp_logininfo @acctname = @login, @option = N'all';"
    [void]$c2.Parameters.Add('@login', [System.Data.SqlDbType]::NVarChar, 128); $c2.Parameters['@login'].Value = $o.login
    $r2 = $c2.ExecuteReader()
    while ($r2.Read()) { $o.paths += @{ privilege = ([string]$r2['privilege']).Trim(); path = [string]$r2['permission path'] } }
    $r2.Close()
    if (@($o.paths | Where-Object { $_.privilege -eq 'admin' }).Count) { $status = 'ok'; $msg = $o.login + ' is sysadmin through a Windows group' }
  } catch { $status = 'unknown'; $msg = 'xp_logininfo could not resolve ' + $o.login + ': ' + $_.Exception.Message }
}
$cn.Close()
# The verdict as a value too, so reports show 'sysadmin False -> True' next to the expectation.
$o.sysadmin = if ($status -eq 'unknown') { $null } else { $status -eq 'ok' }
Write-Result @{ check = 'sql.sysadmin'; status = $status; severity = 'high'; observed = $o
                expected = @{ sysadmin = $true }; message = $msg }
