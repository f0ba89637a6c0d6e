import { LanguageSelect } from '../components/LanguageSelect';
import { ThemeToggle } from '../components/ThemeToggle';

/** The language and theme under a customer page's form: theirs to choose before anything else. */
export function PageSettings() {
  return (
    <div className="row">
      <LanguageSelect />
      <ThemeToggle />
    </div>
  );
}
