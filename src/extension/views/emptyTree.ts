import type * as vscode from 'vscode';

/** A tree that has no rows yet, so its welcome view explains what will appear there. */
export class EmptyTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}
