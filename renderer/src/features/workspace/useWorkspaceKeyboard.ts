import { useEffect } from 'react';
import { dispatchKeyDown, dispatchKeyUp, type KeyAction } from './keyboardActions.js';

/** Keys typed into a form field belong to the field, not to the workspace. */
const typing = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;

/** Binds the workspace's action table to window key events while the workspace is mounted. */
export function useWorkspaceKeyboard(actions: readonly KeyAction[]): void {
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (!typing(e)) dispatchKeyDown(actions, e);
    };
    const up = (e: KeyboardEvent) => dispatchKeyUp(actions, e);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [actions]);
}
