import type { AuditLog, Caller } from '../audit/audit-log';
import type { SettingsStore } from '../auth/account-store';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, passwordPolicySchema } from '../auth/password-policy';
import { DomainError } from '../errors';
import { Role } from '../model';
import { type SecurityMailSettings, securityMailSettingsSchema } from '../audit/security-mail';

/** Organisation-wide settings that only master administrators change. */
export class OrganisationSettings {
  constructor(
    private readonly store: SettingsStore,
    private readonly audit: AuditLog,
  ) {}

  async passwordPolicy(): Promise<PasswordPolicy> {
    const parsed = passwordPolicySchema.safeParse(await this.store.get('password_policy'));
    return parsed.success ? parsed.data : DEFAULT_PASSWORD_POLICY;
  }

  async setSecurityMail(by: Caller, input: unknown): Promise<SecurityMailSettings> {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator sets security e-mails.');
    const value = securityMailSettingsSchema.parse(input);
    await this.store.set('security_mail', value);
    await this.audit.record(by, 'settings.security_mail_changed', 'Security e-mails', { details: value });
    return value;
  }

  async setPasswordPolicy(by: Caller, input: unknown): Promise<PasswordPolicy> {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator sets the password policy.');
    const policy = passwordPolicySchema.parse(input);
    await this.store.set('password_policy', policy);
    await this.audit.record(by, 'settings.password_policy_changed', 'Password policy', { details: policy });
    return policy;
  }
}
