import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '@chat/client';
import type { Chat } from '../chat.js';
import { navigate, onLinkClick } from '../router.js';

type FieldErrors = Partial<Record<'username' | 'email' | 'password' | 'login' | 'form', string>>;

/** Register and log in, with the server's refusals shown next to the field they are about. */
export function Auth({ chat, mode }: { chat: Chat; mode: 'login' | 'register' }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  const waiting = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [waitUntil]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '');
    setBusy(true);
    setErrors({});
    try {
      if (mode === 'register') await chat.register(value('username'), value('email'), value('password'));
      else await chat.login(value('login'), value('password'));
      navigate('/', true);
    } catch (error) {
      setErrors(explain(error, mode));
      if (error instanceof ApiError && error.code === 'rate_limited') {
        setWaitUntil(Date.now() + (error.retryAfterSeconds ?? 30) * 1000);
        setNow(Date.now());
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof FieldErrors, label: string, type: string, autoComplete: string) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <input
        id={`f-${name}`}
        name={name}
        type={type as 'text'}
        required
        autoComplete={autoComplete}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={errors[name] ? `e-${name}` : undefined}
      />
      {errors[name] && (
        <p class="error" id={`e-${name}`}>
          {errors[name]}
        </p>
      )}
    </div>
  );

  return (
    <main class="auth">
      <h1>{mode === 'register' ? 'Create your account' : 'Log in'}</h1>
      <form onSubmit={submit} noValidate>
        {mode === 'register' ? (
          <>
            {field('username', 'Username', 'text', 'username')}
            {field('email', 'E-mail', 'email', 'email')}
            {field('password', 'Password (at least 10 characters)', 'password', 'new-password')}
          </>
        ) : (
          <>
            {field('login', 'Username or e-mail', 'text', 'username')}
            {field('password', 'Password', 'password', 'current-password')}
          </>
        )}
        {errors.form && (
          <p class="error" role="alert">
            {errors.form}
            {waiting > 0 && ` Try again in ${waiting} s.`}
          </p>
        )}
        <button type="submit" disabled={busy || waiting > 0}>
          {mode === 'register' ? 'Create account' : 'Log in'}
        </button>
      </form>
      <p>
        {mode === 'register' ? (
          <a href="/login" onClick={(e) => onLinkClick(e, '/login')}>
            I have an account: log in
          </a>
        ) : (
          <a href="/register" onClick={(e) => onLinkClick(e, '/register')}>
            New here? Create an account
          </a>
        )}
      </p>
    </main>
  );
}

function explain(error: unknown, mode: 'login' | 'register'): FieldErrors {
  if (!(error instanceof ApiError)) return { form: 'Something went wrong. Check your connection and try again.' };
  switch (error.code) {
    case 'conflict': {
      const field = error.details.find((d) => d.field === 'email') ? 'email' : 'username';
      return { [field]: field === 'email' ? 'That e-mail is already registered.' : 'That username is taken.' };
    }
    case 'validation_failed': {
      const out: FieldErrors = {};
      for (const d of error.details) {
        const field = (d.field ?? 'form') as keyof FieldErrors;
        out[field in { username: 1, email: 1, password: 1, login: 1 } ? field : 'form'] = sentence(d.issue);
      }
      return Object.keys(out).length ? out : { form: error.message };
    }
    case 'invalid_credentials':
      return { form: mode === 'login' ? 'Wrong username or password.' : error.message };
    case 'rate_limited':
      return { form: 'Too many attempts.' };
    default:
      return { form: error.message };
  }
}

const sentence = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.') : s);
