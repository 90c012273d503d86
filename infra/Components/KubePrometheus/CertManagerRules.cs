using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// cert-manager, a cluster prerequisite that issues the certificates other clusters reach (federation
/// gateway, Kafka external listener); scraped by <see cref="CertManagerMonitor"/>, owned by <see cref="KubePrometheus"/>.
/// </summary>
public static class CertManagerRules
{
    public static RuleGroup Group(RuleContext c)
    {
        var local = RuleContext.LocalSeries;
        var job = $"job=\"{CertManagerMonitor.Job}\",{local}";
        var expiring = $"(min by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{{{job}}} > 0) - time()) / 86400";
        return new("cert-manager", [
            new("CertManagerCertificateExpiring",
                $"{expiring} < {c.T(Thresholds.CertManagerExpiryWarningDays)}",
                "1h", Severity.Warning,
                "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | printf \"%.1f\" }} days.",
                $"cert-manager has not renewed {{{{ $labels.namespace }}}}/{{{{ $labels.name }}}}, which expires in less than {c.T(Thresholds.CertManagerExpiryWarningDays)} days (it renews at two thirds of the lifetime by default).",
                "kubectl describe certificate -n <namespace> <name>; read the CertificateRequest and Order events and the cert-manager log (issuer reachable, ACME challenge, rate limits)."),
            new("CertManagerCertificateExpiring",
                $"{expiring} < {c.T(Thresholds.CertManagerExpiryCriticalDays)}",
                "15m", Severity.Critical,
                "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | printf \"%.1f\" }} days.",
                $"{{{{ $labels.namespace }}}}/{{{{ $labels.name }}}} expires in less than {c.T(Thresholds.CertManagerExpiryCriticalDays)} days: clients will refuse the endpoint when it does.",
                "kubectl describe certificate -n <namespace> <name>; read the CertificateRequest and Order events and the cert-manager log (issuer reachable, ACME challenge, rate limits)."),
            new("CertManagerCertificateNotReady",
                $"max by (namespace, name) (certmanager_certificate_ready_status{{condition=~\"False|Unknown\",{job}}}) == 1",
                "15m", Severity.Warning,
                "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready.",
                "The Certificate's Ready condition has not been True for 15 minutes: its Secret is missing, expired or does not match the spec.",
                "kubectl describe certificate -n <namespace> <name> for the reason; then the issuer's status (kubectl get clusterissuer)."),
            new("CertManagerCertificateRenewalOverdue",
                $"time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{{{job}}} > 0) > 3600",
                "1h", Severity.Warning,
                "Certificate {{ $labels.namespace }}/{{ $labels.name }} is past its renewal time.",
                "The Certificate's renewal time passed more than an hour ago and it was not renewed: issuance keeps failing.",
                "kubectl get certificaterequest -n <namespace>; describe the newest one and its Order/Challenge; check the cert-manager log."),
            new("CertManagerSyncErrors",
                $"sum by (controller) (rate(certmanager_controller_sync_error_count{{namespace=\"cert-manager\",{job}}}[15m])) > 0",
                "30m", Severity.Warning,
                "cert-manager controller {{ $labels.controller }} keeps failing.",
                "The {{ $labels.controller }} controller has reported sync errors for 30 minutes: issuance or renewal of some certificates is failing.",
                "kubectl -n cert-manager logs deploy/cert-manager | grep -i error; look at the certificates the errors name."),
            new("CertManagerAcmeErrors",
                $"sum by (host) (rate(certmanager_http_acme_client_request_count{{namespace=\"cert-manager\",status=~\"4..|5..\",{job}}}[15m])) > 0",
                "30m", Severity.Warning,
                "cert-manager gets errors from the ACME server {{ $labels.host }}.",
                "ACME requests to {{ $labels.host }} have been failing for 30 minutes (rate limits, invalid account, challenge failures).",
                "kubectl get orders,challenges -A; describe the failing challenge; check the ACME rate limits of the issuer's account."),
            new("CertManagerDown",
                $"up{{{job},namespace=\"{CertManagerMonitor.Namespace}\"}} == 0 or absent(up{{{job},namespace=\"{CertManagerMonitor.Namespace}\"}})",
                "15m", Severity.Warning,
                "cert-manager cannot be scraped.",
                "Prometheus has not scraped cert-manager for 15 minutes: the certificate alerts are blind, and certificates may not be renewed.",
                "kubectl -n cert-manager get pods -l app.kubernetes.io/name=cert-manager; check the controller's log and that its metrics port 9402 is served."),
        ]);
    }
}
