# wsusctl-script: facts.http read-only
# .SYNOPSIS  Facts: the HTTP status one GET from the server itself gets, and IIS's sub-status when its
#            error page names one (403.4 = SSL required). A path is probed where WSUS serves it as set up:
#            http://localhost:<PortNumber> (default 8530), or, when WSUS is configured for SSL (UsingSSL),
#            https://<DNS name>:<PortNumber + 1> for the web services that then require SSL. A full URL is
#            probed as given. -1 when nothing answered. No verdict.
# .NOTES     READ-ONLY (one GET). wsus-catalog.md 3.2 (http-endpoints) and P11, after the tips article (HTTP 503
#            on :8530, message 6703) and Microsoft's "Secure WSUS with the Secure Sockets Layer Protocol":
#            ApiRemoting30, ClientWebService, DSSAuthWebService, ServerSyncWebService and SimpleAuthWebService
#            require SSL on port + 1; the certificate names the server's DNS name, so localhost would fail
#            the name check. TLS 1.2 is enabled for the probe (P11). The probe never uses a proxy: the
#            account's proxy settings must not turn a request to the server itself into a proxy's answer.
# Args: path (string), url (string, optional)
param($P)
$url = [string]$P.url
if ($url) {
  if ($url -notmatch '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9/._-]*$') { throw 'unsafe url rejected' }
} else {
  $url = Get-WsusctlUrl ([string]$P.path)
}
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
$code = -1; $err = $null; $sub = $null
try {
  $rq = [System.Net.HttpWebRequest]::Create($url)
  $rq.Method = 'GET'; $rq.Timeout = 30000; $rq.AllowAutoRedirect = $false; $rq.UseDefaultCredentials = $true
  $rq.Proxy = New-Object System.Net.WebProxy
  $rs = $rq.GetResponse(); $code = [int]$rs.StatusCode; $rs.Close()
} catch [System.Net.WebException] {
  $r = $_.Exception.Response
  if ($r) {
    $code = [int]$r.StatusCode
    try {
      $body = (New-Object System.IO.StreamReader($r.GetResponseStream())).ReadToEnd()
      if ($body -match ('\b' + $code + '\.(\d{1,2})\b')) { $sub = $Matches[1] }
    } catch { }
    $r.Close()
  } else { $err = [string]$_.Exception.Status }
}
Write-Facts @{ url = [string]$url; status = [int64]$code; error = (Get-NullableString $err); subStatus = (Get-NullableInt64 $sub) }
